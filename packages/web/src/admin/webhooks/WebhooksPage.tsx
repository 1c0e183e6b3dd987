import { Fragment, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Loader,
  Modal,
  Paper,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  WEBHOOK_EVENTS,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointCreated,
  type WebhookEvent,
} from '@switchboard/protocol';
import { ApiError, messageForField } from '../../api/client';
import { notifyError, notifySaved } from '../../forms/notify';
import { currentLanguage } from '../../i18n';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ListPageHeader } from '../../components/ListPageHeader';
import { ListStatus } from '../../components/ListStatus';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import {
  useCreateWebhookEndpoint,
  useDeleteWebhookEndpoint,
  useUpdateWebhookEndpoint,
  useWebhookDeliveries,
  useWebhookEndpoints,
} from './webhooks-api';

function useWhen() {
  const { t } = useTranslation();
  const format = new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'short', timeStyle: 'medium' });
  return (at: number | null) => (at === null ? t('webhooks.none') : format.format(new Date(at)));
}

/** CRM endpoints that receive signed events: list with health, create (secret shown once), edit, pause/resume. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const endpoints = useWebhookEndpoints();
  const update = useUpdateWebhookEndpoint();
  const when = useWhen();
  const [editing, setEditing] = useState<WebhookEndpoint | 'new' | null>(null);
  const [created, setCreated] = useState<WebhookEndpointCreated | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const setPaused = async (endpoint: WebhookEndpoint, paused: boolean) => {
    try {
      await update.mutateAsync({ id: endpoint.id, body: { paused } });
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Stack>
      <ListPageHeader
        title={t('webhooks.title')}
        hint={t('webhooks.hint')}
        newLabel={t('webhooks.new')}
        newTestId="new-webhook"
        onNew={() => setEditing('new')}
      />
      {created && (
        <OneTimeSecret
          value={created.secret}
          title={t('webhooks.createdTitle')}
          hint={t('webhooks.createdHint')}
          copyLabel={t('webhooks.copy')}
          copiedLabel={t('webhooks.copied')}
          doneLabel={t('webhooks.done')}
          onDone={() => setCreated(null)}
          testId="created-webhook"
          valueTestId="webhook-secret-value"
          doneTestId="webhook-done"
        />
      )}
      <Paper withBorder>
        <ListStatus query={endpoints} empty={t('webhooks.empty')} />
        {endpoints.data && endpoints.data.length > 0 && (
          <Table verticalSpacing="sm" data-testid="webhook-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('webhooks.name')}</Table.Th>
                <Table.Th>{t('webhooks.events')}</Table.Th>
                <Table.Th>{t('webhooks.status')}</Table.Th>
                <Table.Th>{t('webhooks.lastDelivery')}</Table.Th>
                <Table.Th>{t('webhooks.failures')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {endpoints.data.map((endpoint) => (
                <Fragment key={endpoint.id}>
                  <Table.Tr data-testid="webhook-row">
                    <Table.Td>
                      <Text fw={500}>{endpoint.name}</Text>
                      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {endpoint.url}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {endpoint.events.map((event) => (
                          <Code key={event}>{event}</Code>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge endpoint={endpoint} />
                    </Table.Td>
                    <Table.Td>
                      {endpoint.lastDelivery ? (
                        <Stack gap={0}>
                          <DeliveryResult delivery={endpoint.lastDelivery} />
                          <Text size="xs" c="dimmed">
                            {when(endpoint.lastDelivery.lastAttemptAt)}
                          </Text>
                        </Stack>
                      ) : (
                        <Text c="dimmed">{t('webhooks.none')}</Text>
                      )}
                    </Table.Td>
                    <Table.Td>{endpoint.consecutiveFailures}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => setOpen(open === endpoint.id ? null : endpoint.id)}
                        >
                          {open === endpoint.id ? t('webhooks.hideDeliveries') : t('webhooks.deliveries')}
                        </Button>
                        <Button size="compact-sm" variant="subtle" onClick={() => setEditing(endpoint)}>
                          {t('webhooks.edit')}
                        </Button>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          color={endpoint.paused ? 'teal' : 'orange'}
                          onClick={() => void setPaused(endpoint, !endpoint.paused)}
                          data-testid={endpoint.paused ? 'resume-webhook' : 'pause-webhook'}
                        >
                          {endpoint.paused ? t('webhooks.resume') : t('webhooks.pause')}
                        </Button>
                        <Button size="compact-sm" variant="subtle" color="red" onClick={() => setDeleting(endpoint)}>
                          {t('webhooks.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {open === endpoint.id && (
                    <Table.Tr>
                      <Table.Td colSpan={6}>
                        <Deliveries endpointId={endpoint.id} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Paper>
      {editing && (
        <EndpointModal
          endpoint={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(endpoint) => {
            setEditing(null);
            setCreated(endpoint);
          }}
        />
      )}
      {deleting && <DeleteModal endpoint={deleting} onClose={() => setDeleting(null)} />}
    </Stack>
  );
}

function StatusBadge(props: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const { endpoint } = props;
  const [color, label] = !endpoint.enabled
    ? ['gray', t('webhooks.disabled')]
    : endpoint.paused
      ? ['orange', t('webhooks.paused')]
      : ['green', t('webhooks.active')];
  return (
    <Badge variant="light" color={color} data-testid="webhook-status">
      {label}
    </Badge>
  );
}

/** Status and a short summary: never what the remote server wrote in its answer (it is not kept). */
function DeliveryResult(props: { delivery: WebhookDelivery }) {
  const { t } = useTranslation();
  const { delivery } = props;
  const color = delivery.status === 'delivered' ? 'green' : delivery.status === 'failed' ? 'red' : 'orange';
  return (
    <Group gap={6} wrap="nowrap">
      <Badge size="sm" variant="light" color={color}>
        {t(`webhooks.${delivery.status}`)}
      </Badge>
      <Text size="sm">{delivery.error ?? (delivery.statusCode !== null ? `HTTP ${delivery.statusCode}` : '')}</Text>
    </Group>
  );
}

function Deliveries(props: { endpointId: string }) {
  const { t } = useTranslation();
  const deliveries = useWebhookDeliveries(props.endpointId);
  const when = useWhen();
  if (deliveries.isPending) return <Loader size="sm" />;
  if (deliveries.error) return <Alert color="red">{deliveries.error.message}</Alert>;
  if (deliveries.data.length === 0) return <Text c="dimmed">{t('webhooks.noDeliveries')}</Text>;
  return (
    <Table data-testid="webhook-deliveries">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('webhooks.when')}</Table.Th>
          <Table.Th>{t('webhooks.event')}</Table.Th>
          <Table.Th>{t('webhooks.result')}</Table.Th>
          <Table.Th>{t('webhooks.attempts')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {deliveries.data.map((d) => (
          <Table.Tr key={d.id} data-testid="webhook-delivery-row">
            <Table.Td>{when(d.createdAt)}</Table.Td>
            <Table.Td>
              <Code>{d.event}</Code>
            </Table.Td>
            <Table.Td>
              <DeliveryResult delivery={d} />
            </Table.Td>
            <Table.Td>{d.attempts}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

type Field = 'name' | 'url' | 'events' | 'secret';

function EndpointModal(props: {
  endpoint: WebhookEndpoint | null;
  onClose: () => void;
  onCreated: (endpoint: WebhookEndpointCreated) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateWebhookEndpoint();
  const update = useUpdateWebhookEndpoint();
  const [name, setName] = useState(props.endpoint?.name ?? '');
  const [url, setUrl] = useState(props.endpoint?.url ?? '');
  const [events, setEvents] = useState<WebhookEvent[]>(props.endpoint?.events ?? []);
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const submit = async () => {
    const found = {
      ...(name.trim() ? {} : { name: t('form.required') }),
      ...(url.trim() ? {} : { url: t('form.required') }),
      ...(events.length ? {} : { events: t('webhooks.eventRequired') }),
    };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body = { name: name.trim(), url: url.trim(), events, ...(secret ? { secret } : {}) };
    try {
      if (props.endpoint) {
        await update.mutateAsync({ id: props.endpoint.id, body });
        notifySaved(t('webhooks.saved'));
        props.onClose();
      } else {
        props.onCreated(await create.mutateAsync(body));
      }
    } catch (error) {
      const field = error instanceof ApiError ? error.field?.split('.')[0] : undefined;
      if (
        error instanceof ApiError &&
        (field === 'name' || field === 'url' || field === 'events' || field === 'secret')
      )
        setErrors({ [field]: messageForField(error) });
      else notifyError(error);
    }
  };

  return (
    <Modal opened onClose={props.onClose} title={props.endpoint ? props.endpoint.name : t('webhooks.new')}>
      <Stack>
        <TextInput
          label={t('webhooks.name')}
          value={name}
          maxLength={120}
          error={errors.name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="webhook-name"
        />
        <TextInput
          label={t('webhooks.url')}
          value={url}
          placeholder="https://crm.example/hooks/switchboard"
          error={errors.url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          data-testid="webhook-url"
        />
        <Checkbox.Group
          label={t('webhooks.events')}
          value={events}
          onChange={(v) => setEvents(v as WebhookEvent[])}
          error={errors.events}
        >
          <Stack gap={6} mt={6}>
            {WEBHOOK_EVENTS.map((event) => (
              <Checkbox key={event} value={event} label={event} data-testid={`event-${event}`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <PasswordInput
          label={props.endpoint ? t('webhooks.newSecret') : t('webhooks.secret')}
          description={props.endpoint ? t('webhooks.newSecretHint') : t('webhooks.secretHint')}
          value={secret}
          error={errors.secret}
          autoComplete="new-password"
          onChange={(e) => setSecret(e.currentTarget.value)}
          data-testid="webhook-secret"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            {t('form.cancel')}
          </Button>
          <Button
            onClick={() => void submit()}
            loading={create.isPending || update.isPending}
            data-testid="save-webhook"
          >
            {props.endpoint ? t('form.save') : t('webhooks.create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function DeleteModal(props: { endpoint: WebhookEndpoint; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteWebhookEndpoint();
  return (
    <ConfirmModal
      title={t('webhooks.delete')}
      message={t('webhooks.deleteConfirm', { name: props.endpoint.name })}
      confirmLabel={t('webhooks.delete')}
      confirmTestId="confirm-delete-webhook"
      pending={remove.isPending}
      onConfirm={async () => {
        await remove.mutateAsync(props.endpoint.id);
        notifySaved(t('webhooks.deleted', { name: props.endpoint.name }));
      }}
      onClose={props.onClose}
    />
  );
}
