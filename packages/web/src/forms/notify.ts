import { notifications } from '@mantine/notifications';
import { ApiError, messageForField } from '../api/client';

export function notifySaved(message: string): void {
  notifications.show({ color: 'green', message, autoClose: 3000 });
}

export function notifyError(error: unknown, title?: string): void {
  const message = error instanceof Error ? error.message : String(error);
  notifications.show({ color: 'red', title, message, autoClose: 8000 });
}

/**
 * Puts a server validation error next to the input it names (the API's `field` is the form path) and
 * returns true; anything else becomes a notification.
 */
export function showServerError(
  error: unknown,
  setFieldError: (path: string, message: string) => void,
  fields: readonly string[],
): boolean {
  if (error instanceof ApiError && error.field && fields.includes(error.field)) {
    setFieldError(error.field, messageForField(error));
    return true;
  }
  notifyError(error);
  return false;
}
