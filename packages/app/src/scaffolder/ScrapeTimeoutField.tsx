import {
  createScaffolderFieldExtension,
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { scaffolderPlugin } from '@backstage/plugin-scaffolder';
import TextField from '@material-ui/core/TextField';
import { scrapeTimeoutProblem } from './scrapeTimeout';

/** A plain text input, like the form's default string field; the check is in `validation`. */
const ScrapeTimeoutInput = (props: FieldExtensionComponentProps<string>) => {
  const {
    formData,
    onChange,
    schema,
    uiSchema,
    rawErrors,
    required,
    idSchema,
  } = props;
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Scrape timeout'}
      value={formData ?? ''}
      onChange={e => onChange(e.target.value)}
      required={required}
      error={Boolean(rawErrors?.length)}
      helperText={uiSchema?.['ui:help'] ?? schema.description}
      margin="normal"
      fullWidth
    />
  );
};

/** Runs when the user leaves the Metrics step (Next/Review), with the step's whole form data. */
export const validateScrapeTimeout: CustomFieldValidator<string> = (
  value,
  validation,
  { formData },
) => {
  const problem = scrapeTimeoutProblem(value, formData.scrapeInterval);
  if (problem) validation.addError(problem);
};

/**
 * `ui:field: ScrapeTimeout`: the ServiceMonitor's scrape timeout, checked against the
 * `scrapeInterval` of the same form before the user reaches Review.
 */
export const ScrapeTimeoutFieldExtension = scaffolderPlugin.provide(
  createScaffolderFieldExtension({
    name: 'ScrapeTimeout',
    component: ScrapeTimeoutInput,
    validation: validateScrapeTimeout,
  }),
);
