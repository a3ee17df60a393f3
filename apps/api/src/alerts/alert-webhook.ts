import { Injectable, Logger } from '@nestjs/common';
import type { AlertDeliveryStatus } from '@promptops/shared';

/** How long a webhook may take to answer a post. */
export const ALERT_WEBHOOK_TIMEOUT_MS = 5_000;

export interface AlertDelivery {
  deliveryStatus: AlertDeliveryStatus;
  httpStatus: number | null;
  deliveryError: string | null;
}

/** What an alert post carries: Slack's `text` and `blocks`, and our own fields for other receivers. */
export interface AlertPayload {
  text: string;
  blocks?: unknown[];
  [field: string]: unknown;
}

/**
 * Posts alerts to webhook URLs: JSON, a 5 s timeout, and no redirect followed (a redirect is a
 * failed delivery, so a post never lands on a host the rule does not name). URLs carry secrets
 * in their path (Slack's do): logs name only the origin.
 */
@Injectable()
export class AlertWebhook {
  private readonly logger = new Logger(AlertWebhook.name);

  async post(url: string, payload: AlertPayload): Promise<AlertDelivery> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'PromptOps-Alerts' },
        body: JSON.stringify(payload),
        redirect: 'manual',
        signal: AbortSignal.timeout(ALERT_WEBHOOK_TIMEOUT_MS),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return { deliveryStatus: 'delivered', httpStatus: response.status, deliveryError: null };
      const error =
        response.status >= 300 && response.status < 400
          ? `The webhook answered with a redirect (${response.status}), which is not followed`
          : `The webhook answered ${response.status}`;
      return this.failed(url, response.status, error);
    } catch (thrown) {
      const error =
        thrown instanceof Error && (thrown.name === 'TimeoutError' || thrown.name === 'AbortError')
          ? `No answer within ${ALERT_WEBHOOK_TIMEOUT_MS / 1000} s`
          : `Could not reach the webhook (${causeOf(thrown)})`;
      return this.failed(url, null, error);
    }
  }

  private failed(url: string, httpStatus: number | null, deliveryError: string): AlertDelivery {
    this.logger.warn(`Alert post to ${originOf(url)} failed: ${deliveryError}`);
    return { deliveryStatus: 'failed', httpStatus, deliveryError };
  }
}

/** A webhook URL to show: its origin and the last four characters of the rest. */
export function maskWebhookUrl(url: string): string {
  const parsed = new URL(url);
  const rest = `${parsed.pathname}${parsed.search}`;
  return rest.length <= 1 ? parsed.origin : `${parsed.origin}/…${rest.slice(-4)}`;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
