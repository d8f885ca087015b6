import { Link } from 'react-router';
import { formatCount } from '../../ui/format';

/** One number of a chart, with where it leads. */
export interface Figure {
  key: string;
  label: string;
  value: number;
  /** The filtered list this figure counts; null where no list filters for it. */
  to: string | null;
  color: string;
  /** Said after the number, e.g. "2 with findings". */
  note?: string;
  /** The part of `value` a bar chart shows in the warning colour (datasets with findings). */
  flagged?: number;
}

/**
 * A chart's numbers as text, each a link to its list: what screen readers read and keyboard
 * users follow (the chart itself is hidden from them and reached only by mouse).
 */
export function FigureList({ figures, unit }: { figures: readonly Figure[]; unit: string }) {
  return (
    <ul className="figure-list">
      {figures.map((figure) => (
        <li key={figure.key} className="figure-item">
          <span
            className="figure-swatch"
            aria-hidden="true"
            style={{ backgroundColor: figure.color }}
          />
          {figure.to === null ? (
            <span className="figure-label">{figure.label}</span>
          ) : (
            <Link className="figure-label" to={figure.to}>
              {figure.label}
            </Link>
          )}
          <span className="figure-value">
            {formatCount(figure.value)}
            <span className="visually-hidden"> {unit}</span>
            {figure.note ? <span className="figure-note"> · {figure.note}</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
