"""The app's routers: JSON API, staff pages, guest page and health check."""
