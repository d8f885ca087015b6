import { useNavigate } from 'react-router';
import { Pie, PieChart, ResponsiveContainer } from 'recharts';
import { chartAnimation } from './chart-motion';
import type { Figure } from './figure-list';

const size = 170;

/** A donut of partners per tier; each slice opens that tier's principals. */
export function TierDonut({ figures }: { figures: readonly Figure[] }) {
  const navigate = useNavigate();
  const shown = figures.filter((figure) => figure.value > 0);
  return (
    <div className="dashboard-chart dashboard-donut" aria-hidden="true">
      <ResponsiveContainer
        width="100%"
        height={size}
        initialDimension={{ width: size, height: size }}
      >
        <PieChart accessibilityLayer={false}>
          <Pie
            // Each slice takes its colour from its data point.
            data={shown.map((figure) => ({
              label: figure.label,
              value: figure.value,
              fill: figure.color,
            }))}
            className="chart-link"
            dataKey="value"
            nameKey="label"
            innerRadius="58%"
            outerRadius="92%"
            paddingAngle={shown.length > 1 ? 2 : 0}
            isAnimationActive={chartAnimation()}
            onClick={(_data, index) => {
              const to = shown[index]?.to;
              if (to) void navigate(to);
            }}
          />
        </PieChart>
      </ResponsiveContainer>
    </div>
  );
}
