import { NativeSelect, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Disposition } from '@switchboard/protocol';
import { choose, levelOptions, type DispositionPath } from './disposition-cascade';

interface Props {
  tree: readonly Disposition[];
  value: DispositionPath;
  onChange: (path: DispositionPath) => void;
  error?: string | null;
}

/** Level 1 → 2 → 3 from the campaign's tree: each level appears once the one above has children to offer. */
export function DispositionCascade({ tree, value, onChange, error }: Props) {
  const { t } = useTranslation();
  const [first, second, third] = levelOptions(tree, value);
  const levels = [
    { level: 1 as const, options: first, current: value.l1, label: t('agent.close.l1') },
    { level: 2 as const, options: second, current: value.l2, label: t('agent.close.l2') },
    { level: 3 as const, options: third, current: value.l3, label: t('agent.close.l3') },
  ];
  const shown = levels.filter((l) => l.options.length > 0);
  return (
    <Stack gap="xs">
      {shown.map(({ level, options, current, label }, i) => (
        <NativeSelect
          key={level}
          label={label}
          withAsterisk
          value={current ?? ''}
          data={[
            { value: '', label: t('agent.close.choose'), disabled: true },
            ...options.map((o) => ({ value: o, label: o })),
          ]}
          onChange={(e) => onChange(choose(value, level, e.currentTarget.value || null))}
          // The error sits on the last level shown: that is where the choice stops short.
          error={i === shown.length - 1 ? error : undefined}
          data-testid={`disposition-l${level}`}
        />
      ))}
    </Stack>
  );
}
