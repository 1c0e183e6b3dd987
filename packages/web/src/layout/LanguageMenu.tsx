import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

export function LanguageMenu({ label }: { label?: string }) {
  const { t, i18n } = useTranslation();
  const value = LANGUAGES.some((l) => l.value === i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
  return (
    <NativeSelect
      size={label ? 'sm' : 'xs'}
      label={label}
      aria-label={label ? undefined : t('login.language')}
      data={LANGUAGES.map((l) => ({ value: l.value, label: l.label }))}
      value={value}
      onChange={(e) => setLanguage(e.currentTarget.value as Language)}
      data-testid="language"
    />
  );
}
