import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import { localZoneName, TimeZoneChoice } from '../../format';
import { useTimeZone } from '../../hooks';

/** UTC or the browser's zone for every time on the page; kept in the URL (`?tz=`). */
export const TimeZoneSwitch = () => {
  const { zone, setZone } = useTimeZone();
  const choice = (value: TimeZoneChoice, label: string) => (
    <Button
      aria-pressed={zone === value}
      variant={zone === value ? 'contained' : 'outlined'}
      color={zone === value ? 'primary' : 'default'}
      onClick={() => setZone(value)}
    >
      {label}
    </Button>
  );
  return (
    <ButtonGroup size="small" role="group" aria-label="Time zone">
      {choice('utc', 'UTC')}
      {choice('local', `Local (${localZoneName()})`)}
    </ButtonGroup>
  );
};
