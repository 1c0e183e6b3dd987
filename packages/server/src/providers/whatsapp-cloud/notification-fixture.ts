export const FIXTURE_PHONE_ID = '106540352242922';

/** A Meta webhook notification with one change for `phoneNumberId`, for tests. */
export function notification(value: Record<string, unknown>, phoneNumberId = FIXTURE_PHONE_ID) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA-1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}
