import { NavLink, Outlet } from 'react-router';
import { PageHeader } from '../../ui/page-header';
import './access.css';

const tabs = [
  { to: '/access', label: 'Grants', end: true, testId: 'access-tab-grants' },
  { to: '/access/matrix', label: 'Matrix', end: false, testId: 'access-tab-matrix' },
  { to: '/access/principals', label: 'Principals', end: false, testId: 'access-tab-principals' },
];

/** /access: grants, the principals × datasets matrix, and principals, under one header. */
export function AccessLayout() {
  return (
    <div className="page page-fill access-screen">
      <PageHeader
        title="Access"
        description="Who may use which dataset, how far, for what and until when — each grant checked against the governing charter."
      />
      <nav className="access-tabs" aria-label="Access views">
        {tabs.map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            end={tab.end}
            className={({ isActive }) => (isActive ? 'access-tab access-tab-active' : 'access-tab')}
            data-testid={tab.testId}
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
