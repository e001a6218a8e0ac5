import {
  createUnifiedTheme,
  palettes,
  UnifiedThemeProvider,
} from '@backstage/theme';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

/**
 * Backstage's light and dark themes with secondary text dark enough for AA and subtitles that
 * are not headings; the focus ring comes with the theme's provider (below).
 */
function appTheme(variant: 'light' | 'dark', secondaryText: string) {
  return createUnifiedTheme({
    // MUI's default secondary text (54% black) is under 4.5:1 on Backstage's #F8F8F8 page.
    palette: {
      ...palettes[variant],
      text: { secondary: secondaryText },
    },
    components: {
      // MUI renders subtitle1/2 as <h6> by default: a panel's warning title (Backstage's
      // WarningPanel) then reads as a sixth-level heading under an h2. They are not headings.
      MuiTypography: {
        defaultProps: {
          variantMapping: { subtitle1: 'p', subtitle2: 'p' },
        },
      },
    },
  });
}

/**
 * Focus colours with ≥ 3:1 contrast on the page background (WCAG 1.4.11); secondary text with
 * ≥ 4.5:1 (theme.test.ts computes both).
 */
export const THEME_COLOURS = {
  light: { focus: '#1f5493', secondaryText: '#5c5c5c' },
  dark: { focus: '#9cc9ff', secondaryText: '#c4c4c4' },
};
export const lightTheme = appTheme('light', THEME_COLOURS.light.secondaryText);
export const darkTheme = appTheme('dark', THEME_COLOURS.dark.secondaryText);

/** A global rule; Backstage's theme provider renders no CssBaseline that could carry it. */
const focusRing = (colour: string) =>
  makeStyles({
    '@global': {
      'body :focus-visible': {
        outline: `2px solid ${colour}`,
        outlineOffset: 2,
      },
    },
  });

/**
 * Whatever has keyboard focus shows a 2 px outline (MUI buttons and links otherwise only shade
 * their background, which is hard to see). `body :focus-visible` outranks MUI's `outline: 0`
 * on ButtonBase; mouse clicks do not trigger `:focus-visible`, so only keyboard users see it.
 */
const provider = (theme: typeof lightTheme, focusColour: string) => {
  const useFocusRing = focusRing(focusColour);
  const FocusRing = () => {
    useFocusRing();
    return null;
  };
  return ({ children }: { children: ReactNode }) => (
    <UnifiedThemeProvider theme={theme}>
      <FocusRing />
      {children}
    </UnifiedThemeProvider>
  );
};

export const appThemes = [
  {
    id: 'light',
    title: 'Light',
    variant: 'light' as const,
    Provider: provider(lightTheme, THEME_COLOURS.light.focus),
  },
  {
    id: 'dark',
    title: 'Dark',
    variant: 'dark' as const,
    Provider: provider(darkTheme, THEME_COLOURS.dark.focus),
  },
];
