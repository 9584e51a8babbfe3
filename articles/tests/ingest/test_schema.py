import pytest

from articles.ingest.schema import repair_text


@pytest.mark.parametrize(
    ("broken", "repaired"),
    [
        ("This adjustmentâ€¦", "This adjustment…"),
        ("the bankâ€™s outlook", "the bank’s outlook"),
        ("cafÃ© crÃ¨me", "café crème"),
        ("Ã¼ber 95.000", "über 95.000"),
    ],
)
def test_mojibake_is_repaired(broken, repaired):
    assert repair_text(broken) == repaired


@pytest.mark.parametrize(
    "clean",
    [
        "Plain ASCII text",
        "Größe, naïve, él «cita»",
        "ビットコインが急騰",
        "Биткоин вырос",
        "“Curly quotes” and full-width ＡＢＣ stay as written",
    ],
)
def test_correct_text_is_left_alone(clean):
    assert repair_text(clean) == clean
