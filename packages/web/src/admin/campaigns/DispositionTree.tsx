import type { ReactNode } from 'react';
import { Badge, Box, Button, Group, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Disposition } from '@switchboard/protocol';
import {
  addNode,
  canAddChild,
  nodeFieldPath,
  removeNode,
  renameNode,
  setNodeEnabled,
  type DispositionNode,
  type NodePath,
} from './disposition-tree';

export interface DispositionTreeProps {
  value: Disposition[];
  onChange: (tree: Disposition[]) => void;
  /** The error of a node's name, by its form path (`dispositions.0.children.1.name`). */
  errorOf?: (path: string) => ReactNode;
}

function NodeRow(props: DispositionTreeProps & { node: DispositionNode; path: NodePath }) {
  const { t } = useTranslation();
  const { node, path, value, onChange } = props;
  const id = path.join('-');
  const enabled = node.enabled !== false;
  const level = path.length;
  return (
    <Box pl={(level - 1) * 28} data-testid={`disposition-${id}`} data-level={level}>
      <Group gap="xs" wrap="nowrap" align="flex-start" py={4}>
        <Badge variant="light" color="gray" mt={8} miw={40} style={{ flexShrink: 0 }}>
          L{level}
        </Badge>
        <TextInput
          style={{ flex: 1 }}
          aria-label={`${t('dispositions.name')} ${id}`}
          value={node.name}
          onChange={(e) => onChange(renameNode(value, path, e.currentTarget.value))}
          error={props.errorOf?.(`${nodeFieldPath(path)}.name`)}
          styles={
            enabled ? undefined : { input: { textDecoration: 'line-through', color: 'var(--mantine-color-dimmed)' } }
          }
          data-testid={`disposition-${id}-name`}
        />
        <Switch
          mt={8}
          label={t('dispositions.enabled')}
          checked={enabled}
          onChange={(e) => onChange(setNodeEnabled(value, path, e.currentTarget.checked))}
          data-testid={`disposition-${id}-enabled`}
        />
        {canAddChild(path) && (
          <Button
            size="compact-sm"
            variant="light"
            mt={4}
            onClick={() => onChange(addNode(value, path, t('dispositions.newName')))}
            data-testid={`disposition-${id}-add`}
          >
            {t('dispositions.addChild')}
          </Button>
        )}
        <Button
          size="compact-sm"
          variant="subtle"
          color="red"
          mt={4}
          onClick={() => onChange(removeNode(value, path))}
          data-testid={`disposition-${id}-remove`}
        >
          {t('dispositions.remove')}
        </Button>
      </Group>
      {(node.children ?? []).map((child, i) => (
        <NodeRow key={i} {...props} node={child} path={[...path, i]} />
      ))}
    </Box>
  );
}

/** Dispositions the agent picks on close: a tree of at most three levels. */
export function DispositionTree(props: DispositionTreeProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="disposition-tree">
      {props.value.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('dispositions.empty')}
        </Text>
      )}
      {(props.value as DispositionNode[]).map((node, i) => (
        <NodeRow key={i} {...props} node={node} path={[i]} />
      ))}
      <Group>
        <Button
          variant="light"
          onClick={() => props.onChange(addNode(props.value, [], t('dispositions.newName')))}
          data-testid="disposition-add-root"
        >
          {t('dispositions.add')}
        </Button>
      </Group>
    </Stack>
  );
}
