import { useEffect, useState } from 'react';
import { ActionIcon, Alert, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError, messageForField } from '../../api/client';
import { usePauseReasons, useSavePauseReasons } from '../../api/users';
import { notifyError, notifySaved } from '../../forms/notify';

/** The reasons agents choose from when they pause (break, lunch, training, …). */
export function PauseReasonsPage() {
  const { t } = useTranslation();
  const query = usePauseReasons();
  const save = useSavePauseReasons();
  const [reasons, setReasons] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<number, string>>({});

  useEffect(() => {
    if (query.data) setReasons(query.data.reasons);
  }, [query.data]);

  const submit = async () => {
    const cleaned = reasons.map((r) => r.trim());
    const found: Record<number, string> = {};
    cleaned.forEach((r, i) => {
      if (!r) found[i] = t('form.required');
      else if (cleaned.indexOf(r) !== i) found[i] = t('pauseReasons.duplicate');
    });
    if (cleaned.length === 0) {
      notifyError(new Error(t('pauseReasons.atLeastOne')));
      return;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      await save.mutateAsync({ reasons: cleaned });
      notifySaved(t('pauseReasons.saved'));
    } catch (error) {
      const index = error instanceof ApiError ? /^reasons\.(\d+)$/.exec(error.field ?? '')?.[1] : undefined;
      if (index !== undefined && error instanceof ApiError) setErrors({ [Number(index)]: messageForField(error) });
      else notifyError(error);
    }
  };

  return (
    <Stack maw={560}>
      <Title order={2}>{t('pauseReasons.title')}</Title>
      <Text c="dimmed" size="sm">
        {t('pauseReasons.hint')}
      </Text>
      <Paper withBorder p="md">
        {query.isPending && <Loader size="sm" />}
        {query.error && <Alert color="red">{query.error.message}</Alert>}
        <Stack gap="xs" data-testid="pause-reasons">
          {reasons.map((reason, i) => (
            <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
              <TextInput
                style={{ flex: 1 }}
                aria-label={`${t('pauseReasons.reason')} ${i + 1}`}
                value={reason}
                maxLength={40}
                error={errors[i]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setReasons((list) => list.map((r, j) => (j === i ? value : r)));
                }}
                data-testid={`pause-reason-${i}`}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                mt={4}
                aria-label={`${t('pauseReasons.remove')} ${reason}`}
                onClick={() => setReasons((list) => list.filter((_, j) => j !== i))}
                data-testid={`remove-pause-reason-${i}`}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group justify="space-between" mt="sm">
            <Button variant="light" onClick={() => setReasons((list) => [...list, ''])} data-testid="add-pause-reason">
              {t('pauseReasons.add')}
            </Button>
            <Button onClick={() => void submit()} loading={save.isPending} data-testid="save-pause-reasons">
              {t('form.save')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
