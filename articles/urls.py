from django.urls import path

from . import feeds, views
from .caching import public_page

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("search/", views.search, name="search"),
    path("articles/<str:slug>/", views.article_detail, name="detail"),
    path("tags/<str:slug>/", views.tag_detail, name="tag"),
    path("categories/<str:code>/", views.category_detail, name="category"),
    path("sources/<str:key>/", views.source_detail, name="source"),
    path("feeds/rss/", public_page(feeds.LatestArticlesFeed()), name="feed_rss"),
    path("feeds/atom/", public_page(feeds.LatestArticlesAtomFeed()), name="feed_atom"),
    path("tags/<str:slug>/rss/", public_page(feeds.TagFeed()), name="tag_rss"),
    path("tags/<str:slug>/atom/", public_page(feeds.TagAtomFeed()), name="tag_atom"),
    path(
        "categories/<str:code>/rss/",
        public_page(feeds.CategoryFeed()),
        name="category_rss",
    ),
    path(
        "categories/<str:code>/atom/",
        public_page(feeds.CategoryAtomFeed()),
        name="category_atom",
    ),
    path("sources/<str:key>/rss/", public_page(feeds.SourceFeed()), name="source_rss"),
    path(
        "sources/<str:key>/atom/",
        public_page(feeds.SourceAtomFeed()),
        name="source_atom",
    ),
]
