import { Link } from 'react-router';
import { EmptyState } from '../ui/empty-state';
import { AlertIcon } from '../ui/icons';

function BackToDashboard() {
  return (
    <Link className="button" to="/dashboard">
      Go to the dashboard
    </Link>
  );
}

/** Keeps the shell usable when one screen fails to render. */
export function RouteErrorScreen() {
  return (
    <div className="page">
      <EmptyState
        icon={<AlertIcon />}
        title="This screen ran into a problem"
        action={<BackToDashboard />}
      >
        The rest of Concordat still works. Go back and try again; if it keeps happening, restart the
        app.
      </EmptyState>
    </div>
  );
}

export function NotFoundScreen() {
  return (
    <div className="page">
      <EmptyState icon={<AlertIcon />} title="Page not found" action={<BackToDashboard />}>
        There is nothing at this address.
      </EmptyState>
    </div>
  );
}
