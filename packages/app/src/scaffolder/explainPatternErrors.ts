import type { RJSFValidationError, UiSchema } from '@rjsf/utils';

/**
 * The scaffolder form's `transformErrors`: a value that fails a field's `pattern` gets the
 * field's `ui:help` (the rule in words, e.g. "Lower-case letters, digits and …") instead of
 * JSON schema's `must match pattern "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"`. Fields without a
 * `ui:help` get a plain sentence; the regex is never shown.
 */
export function explainPatternErrors(
  errors: RJSFValidationError[],
  uiSchema?: UiSchema,
): RJSFValidationError[] {
  return errors.map(error => {
    if (error.name !== 'pattern') return error;
    const path = (error.property ?? '').replace(/^\./, '').split('.');
    const fieldUi = path.reduce<UiSchema | undefined>(
      (ui, key) => (ui ? (ui[key] as UiSchema | undefined) : undefined),
      uiSchema,
    );
    const help = fieldUi?.['ui:help'];
    const message =
      typeof help === 'string'
        ? `does not follow the rule: ${help}`
        : 'is not in the expected form';
    const stack =
      error.message && error.stack?.includes(error.message)
        ? error.stack.replace(error.message, message)
        : `${error.property ?? ''} ${message}`.trim();
    return { ...error, message, stack };
  });
}
