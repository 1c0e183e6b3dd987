import { Combobox, PasswordInput, createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'md',
  components: {
    // Mantine keeps closed dropdowns in the DOM, labelled like their input: "Skills" would name two elements.
    Combobox: Combobox.extend({ defaultProps: { keepMounted: false } }),
    // The default toggle label contains "password", which makes "Password" an ambiguous label to find.
    PasswordInput: PasswordInput.extend({
      defaultProps: { visibilityToggleButtonProps: { 'aria-label': 'Show or hide the characters' } },
    }),
  },
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
});
