from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0006_tag_link_index_once'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='article',
            name='article_newest',
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(models.OrderBy(models.F('published_at'), descending=True), models.OrderBy(models.F('id'), descending=True), models.F('draft'), models.F('sentiment'), models.F('lang'), models.F('source'), models.F('category'), models.F('ai_rewritten'), name='article_newest'),
        ),
    ]
