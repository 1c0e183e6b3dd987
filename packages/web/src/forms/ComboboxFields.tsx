import type { ReactNode } from 'react';
import {
  Input,
  MultiSelect,
  Select,
  TagsInput,
  type MultiSelectProps,
  type SelectProps,
  type TagsInputProps,
} from '@mantine/core';
import { useId } from '@mantine/hooks';

/*
 * Mantine names a combobox's option list after the input's label, so while the list is open "Skills"
 * would name two elements. These fields attach the label to the input alone (label[for]), which keeps
 * every label a unique handle for people using assistive technology and for the browser tests.
 */

function Labelled({ id, label, children }: { id: string; label: ReactNode; children: ReactNode }) {
  return (
    <div>
      <Input.Label htmlFor={id}>{label}</Input.Label>
      {children}
    </div>
  );
}

export function SelectField({ label, id, ...props }: SelectProps) {
  const inputId = useId(id);
  return (
    <Labelled id={inputId} label={label}>
      <Select id={inputId} {...props} />
    </Labelled>
  );
}

export function MultiSelectField({ label, id, ...props }: MultiSelectProps) {
  const inputId = useId(id);
  return (
    <Labelled id={inputId} label={label}>
      <MultiSelect id={inputId} {...props} />
    </Labelled>
  );
}

export function TagsField({ label, id, ...props }: TagsInputProps) {
  const inputId = useId(id);
  return (
    <Labelled id={inputId} label={label}>
      <TagsInput id={inputId} {...props} />
    </Labelled>
  );
}
