// The "Encoder configuration" card of the health page (spec 9.3): what the
// encoder reported at go-live, each value copyable, with warnings.
import { useId } from 'react';
import { Button } from '../../../components/Button';
import { AlertIcon, CopyIcon } from '../../../components/icons';
import { useToast } from '../../../components/Toast';
import { copyText } from '../../../lib/clipboard';
import type { StreamSession } from '../../../lib/types';
import { encoderRows, readEncoder, type EncoderRow } from './readings';
import { encoderWarnings } from './warnings';
import './EncoderConfiguration.css';

export interface EncoderConfigurationProps {
  session: StreamSession | undefined;
  channelType: string;
}

export function EncoderConfiguration({ session, channelType }: EncoderConfigurationProps) {
  const headingId = useId();
  const snapshot = readEncoder(session);
  const warnings = encoderWarnings(snapshot, channelType);
  return (
    <section className="encoder-config" aria-labelledby={headingId}>
      <h2 id={headingId} className="encoder-config__title">
        Encoder configuration
      </h2>
      <dl className="encoder-config__rows">
        {encoderRows(snapshot).map((row) => (
          <ConfigRow key={row.field} row={row} warning={warnings[row.field]} />
        ))}
      </dl>
    </section>
  );
}

function ConfigRow({ row, warning }: { row: EncoderRow; warning: string | undefined }) {
  const toast = useToast();
  const warningId = useId();
  const copy = async () => {
    if (await copyText(row.value)) toast.success(`${row.label} copied`);
    else toast.error(`Could not copy the ${row.label} value`);
  };
  return (
    <div className={`encoder-row${warning ? ' encoder-row--warning' : ''}`}>
      <dt className="encoder-row__label">{row.label}</dt>
      <dd className="encoder-row__value">
        <span className="encoder-row__text" aria-describedby={warning ? warningId : undefined}>
          {row.value}
        </span>
        <Button
          variant="tertiary"
          size="s"
          className="encoder-row__copy"
          aria-label={`Copy the ${row.label} value`}
          onClick={() => void copy()}
        >
          <CopyIcon size={16} />
        </Button>
      </dd>
      {warning && (
        <dd id={warningId} className="encoder-row__warning" role="note">
          <AlertIcon size={16} className="encoder-row__warning-icon" />
          <span>{warning}</span>
        </dd>
      )}
    </div>
  );
}
