"""Providers that deliver notifications: WhatsApp Cloud API, Resend, and the outbox."""
