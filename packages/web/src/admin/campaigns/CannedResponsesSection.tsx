import { Button, Code, Group, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CampaignForm } from './form-type';

export const CANNED_VARIABLES = ['{customer.name}', '{customer.number}', '{agent.name}', '{campaign.name}'];

export function CannedResponsesSection({ form }: { form: CampaignForm }) {
  const { t } = useTranslation();
  const rows = form.values.cannedResponses;

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('canned.variablesHint')}{' '}
        {CANNED_VARIABLES.map((v) => (
          <Code key={v} mr={4}>
            {v}
          </Code>
        ))}
      </Text>
      {form.errors.cannedResponses && (
        <Text c="red" size="sm">
          {form.errors.cannedResponses}
        </Text>
      )}
      <Table verticalSpacing="xs" data-testid="canned-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="22%">{t('canned.title')}</Table.Th>
            <Table.Th w="18%">{t('canned.shortcut')}</Table.Th>
            <Table.Th>{t('canned.text')}</Table.Th>
            <Table.Th w={90} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>
                <Text c="dimmed" size="sm">
                  {t('canned.empty')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {rows.map((_, i) => (
            <Table.Tr key={i} data-testid={`canned-${i}`} style={{ verticalAlign: 'top' }}>
              <Table.Td>
                <TextInput
                  aria-label={t('canned.title')}
                  data-testid={`canned-${i}-title`}
                  {...form.getInputProps(`cannedResponses.${i}.title`)}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={t('canned.shortcut')}
                  placeholder="/hello"
                  data-testid={`canned-${i}-shortcut`}
                  {...form.getInputProps(`cannedResponses.${i}.shortcut`)}
                />
              </Table.Td>
              <Table.Td>
                <Textarea
                  aria-label={t('canned.text')}
                  autosize
                  minRows={1}
                  maxRows={6}
                  data-testid={`canned-${i}-text`}
                  {...form.getInputProps(`cannedResponses.${i}.text`)}
                />
              </Table.Td>
              <Table.Td>
                <Button
                  size="compact-sm"
                  variant="subtle"
                  color="red"
                  onClick={() => form.removeListItem('cannedResponses', i)}
                  data-testid={`canned-${i}-remove`}
                >
                  {t('canned.remove')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button
          variant="light"
          onClick={() => form.insertListItem('cannedResponses', { title: '', shortcut: '/', text: '' })}
          data-testid="canned-add"
        >
          {t('canned.add')}
        </Button>
      </Group>
    </Stack>
  );
}
