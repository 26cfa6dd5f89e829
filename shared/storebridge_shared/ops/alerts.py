"""Alerts: a structured log line always, plus a Slack-compatible webhook and e-mail when set.

The webhook is posted with aiohttp (httpx is the BigCommerce client's alone).

Raising an alert never raises: a broken alert channel is logged and the caller carries on (the
predecessor's alerting call crashed, so poll failures never alerted).
"""

from __future__ import annotations

import asyncio
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import aiohttp
import structlog

from storebridge_shared.settings import AlertSettings

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class SmtpTarget:
    """Where e-mail alerts go."""

    host: str
    port: int
    sender: str
    recipients: tuple[str, ...]
    username: str | None = None
    password: str | None = None
    starttls: bool = True


class Alerter:
    """Sends alerts to every configured channel."""

    def __init__(
        self,
        *,
        service: str,
        webhook_url: str | None = None,
        smtp: SmtpTarget | None = None,
        timeout: float = 5.0,
    ) -> None:
        self._service = service
        self._webhook_url = webhook_url
        self._smtp = smtp
        self._timeout = timeout

    @classmethod
    def from_settings(cls, settings: AlertSettings, service: str) -> Alerter:
        """The channels configured by ALERT_WEBHOOK_URL and SMTP_*."""
        smtp = None
        if settings.smtp_host and settings.alert_email_to:
            smtp = SmtpTarget(
                host=settings.smtp_host,
                port=settings.smtp_port,
                sender=settings.smtp_from or f"storebridge@{settings.smtp_host}",
                recipients=tuple(
                    a.strip() for a in settings.alert_email_to.split(",") if a.strip()
                ),
                username=settings.smtp_username,
                password=settings.smtp_password.get_secret_value()
                if settings.smtp_password
                else None,
                starttls=settings.smtp_starttls,
            )
        return cls(service=service, webhook_url=settings.alert_webhook_url, smtp=smtp)

    async def alert(self, kind: str, message: str, **context: Any) -> None:
        """Log the alert and send it to each channel; failures of a channel are only logged."""
        log.error("alert", alert=kind, message=message, **context)
        text = f"[storebridge {self._service}] {kind}: {message}"
        details = ", ".join(f"{k}={v}" for k, v in context.items())
        if self._webhook_url:
            await self._send_webhook(text, details, kind, context)
        if self._smtp:
            await self._send_email(text, details)

    async def _send_webhook(
        self, text: str, details: str, kind: str, context: dict[str, Any]
    ) -> None:
        body = {
            "text": f"{text}\n{details}" if details else text,
            "alert": kind,
            "service": self._service,
            "context": {k: str(v) for k, v in context.items()},
        }
        timeout = aiohttp.ClientTimeout(total=self._timeout)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout, raise_for_status=True) as http,
                http.post(str(self._webhook_url), json=body),
            ):
                pass
        except (aiohttp.ClientError, TimeoutError) as error:
            log.warning("alert_webhook_failed", error=str(error) or type(error).__name__)

    async def _send_email(self, text: str, details: str) -> None:
        try:
            await asyncio.to_thread(self._send_email_blocking, text, details)
        except (OSError, smtplib.SMTPException) as error:
            log.warning("alert_email_failed", error=str(error))

    def _send_email_blocking(self, text: str, details: str) -> None:
        assert self._smtp is not None
        message = EmailMessage()
        message["Subject"] = text[:200]
        message["From"] = self._smtp.sender
        message["To"] = ", ".join(self._smtp.recipients)
        message.set_content(f"{text}\n\n{details}\n")
        with smtplib.SMTP(self._smtp.host, self._smtp.port, timeout=self._timeout) as smtp:
            if self._smtp.starttls and smtp.has_extn("starttls"):
                smtp.starttls()
            if self._smtp.username and self._smtp.password:
                smtp.login(self._smtp.username, self._smtp.password)
            smtp.send_message(message)
