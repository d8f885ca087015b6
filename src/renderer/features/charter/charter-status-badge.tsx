import { charterStatusLabels, type CharterStatus } from '../../../shared/domain/charter-version';
import { Badge, type BadgeTone } from '../../ui/badge';

const tones: Record<CharterStatus, BadgeTone> = {
  draft: 'blue',
  in_review: 'amber',
  approved: 'violet',
  published: 'green',
  superseded: 'neutral',
};

export function CharterStatusBadge({ status }: { status: CharterStatus }) {
  return <Badge tone={tones[status]}>{charterStatusLabels[status]}</Badge>;
}
