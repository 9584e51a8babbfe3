"""Allowed values of article fields, apart from the models.

Parsing validates files against these without a model
(``articles/ingest/parsing.py``), so this module imports none.
"""

from django.db import models

STICKY_WEIGHT_MIN = -1000
STICKY_WEIGHT_MAX = 1000

# The six variants a producer's coverImage mapping carries, in the file's order.
COVER_VARIANTS = ("raw", "full", "regular", "small", "thumb", "small_s3")


class Sentiment(models.TextChoices):
    POSITIVE = "POSITIVE", "Positive"
    NEUTRAL = "NEUTRAL", "Neutral"
    NEGATIVE = "NEGATIVE", "Negative"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
