import { NavLink } from 'react-router';
import { BrandMark } from './brand-mark';
import { navSections, settingsItem, type NavItem } from './nav-items';

function SidebarLink({ item }: { item: NavItem }) {
  return (
    <NavLink
      to={item.to}
      className={({ isActive }) => (isActive ? 'nav-link nav-link-active' : 'nav-link')}
      data-testid={`nav-${item.id}`}
    >
      {item.icon}
      <span>{item.label}</span>
    </NavLink>
  );
}

export function Sidebar() {
  return (
    <aside className="sidebar">
      <div className="sidebar-brand">
        <BrandMark />
      </div>
      <nav className="sidebar-nav" aria-label="Main">
        {navSections.map((section, index) => (
          <div className="nav-section" key={section.label ?? index}>
            {section.label ? <h2 className="nav-section-label">{section.label}</h2> : null}
            <ul className="nav-list">
              {section.items.map((item) => (
                <li key={item.id}>
                  <SidebarLink item={item} />
                </li>
              ))}
            </ul>
          </div>
        ))}
        <ul className="nav-list nav-list-bottom">
          <li>
            <SidebarLink item={settingsItem} />
          </li>
        </ul>
      </nav>
    </aside>
  );
}
