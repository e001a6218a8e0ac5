import { palettes } from '@backstage/theme';
import { render } from '@testing-library/react';
import { createElement } from 'react';
import { appThemes, darkTheme, lightTheme, THEME_COLOURS } from './theme';

/** WCAG 2.x contrast of two opaque #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map(i => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** #RGB or #RRGGBB as #rrggbb. */
const full = (hex: string) =>
  hex.length === 4
    ? `#${[...hex.slice(1)].map(c => c + c).join('')}`.toLowerCase()
    : hex.toLowerCase();

describe('app themes', () => {
  it.each([
    ['light', lightTheme, palettes.light.background.default, 'light'],
    ['dark', darkTheme, palettes.dark.background.default, 'dark'],
  ] as const)(
    '%s: secondary text ≥ 4.5:1 and the focus ring ≥ 3:1 on the page and on cards',
    (_name, theme, page, key) => {
      const { focus, secondaryText } = THEME_COLOURS[key];
      const mui = theme.getTheme('v4')!;
      expect(mui.palette.text.secondary).toBe(secondaryText);
      for (const background of [page, mui.palette.background.paper]) {
        expect(
          contrast(secondaryText, full(background)),
        ).toBeGreaterThanOrEqual(4.5);
        expect(contrast(focus, full(background))).toBeGreaterThanOrEqual(3);
      }
      // Subtitles (e.g. a WarningPanel's title) are not <h6> headings.
      const { props } = mui as {
        props?: { MuiTypography?: { variantMapping?: Record<string, string> } };
      };
      expect(props?.MuiTypography?.variantMapping).toMatchObject({
        subtitle1: 'p',
        subtitle2: 'p',
      });
    },
  );
});

describe('the app theme providers', () => {
  it.each(appThemes.map(t => [t.id, t] as const))(
    '%s puts a 2 px focus-visible outline in the page',
    async (id, theme) => {
      const view = render(
        createElement(theme.Provider, {
          children: createElement('button', null, 'x'),
        }),
      );
      const rules = [...document.styleSheets].flatMap(sheet =>
        [...sheet.cssRules].map(rule => rule.cssText),
      );
      const colour = THEME_COLOURS[id as 'light' | 'dark'].focus;
      expect(rules.join('\n')).toMatch(
        new RegExp(`body :focus-visible \\{\\s*outline: 2px solid ${colour}`),
      );
      view.unmount();
    },
  );
});
