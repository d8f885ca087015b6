import { useNavigate } from 'react-router';
import {
  Bar,
  BarChart,
  type BarShapeProps,
  CartesianGrid,
  LabelList,
  Rectangle,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import { chartAnimation } from './chart-motion';
import { chartColors } from './chart-colors';
import type { Figure } from './figure-list';

const axisTick = { fill: chartColors.text, fontSize: 12 };

interface FigureBarChartProps {
  figures: readonly Figure[];
  /** `columns`: a few short labels side by side; `rows`: one bar per line, for long names. */
  orientation?: 'columns' | 'rows';
}

/**
 * Bars that open the list behind each figure when clicked; a figure's flagged part is stacked
 * on the rest in the danger colour. Hidden from assistive technology:
 * the FigureList next to it says the same and links the same places.
 */
export function FigureBarChart({ figures, orientation = 'columns' }: FigureBarChartProps) {
  const navigate = useNavigate();
  const open = (index: number) => {
    const to = figures[index]?.to;
    if (to) void navigate(to);
  };
  const rows = orientation === 'rows';
  const flagged = figures.some((figure) => (figure.flagged ?? 0) > 0);
  const data = figures.map((figure) => ({
    label: figure.label,
    value: figure.value,
    base: figure.value - (figure.flagged ?? 0),
    flagged: figure.flagged ?? 0,
  }));
  const bar = {
    stackId: 'figure',
    isAnimationActive: chartAnimation(),
    maxBarSize: rows ? 18 : 48,
    onClick: (_data: unknown, index: number) => {
      open(index);
    },
  };
  const label = (
    <LabelList dataKey="value" position={rows ? 'right' : 'top'} fill={chartColors.text} />
  );
  const height = rows ? Math.max(120, figures.length * 30 + 24) : 180;
  return (
    <div className="dashboard-chart" aria-hidden="true">
      {/* The initial size holds until the container is measured (never, under jsdom). */}
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 360, height }}>
        <BarChart
          data={data}
          layout={rows ? 'vertical' : 'horizontal'}
          accessibilityLayer={false}
          margin={{ top: 16, right: rows ? 36 : 8, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke={chartColors.grid} vertical={rows} horizontal={!rows} />
          {rows ? (
            <>
              <XAxis type="number" allowDecimals={false} hide />
              <YAxis
                type="category"
                dataKey="label"
                width={140}
                tick={axisTick}
                tickLine={false}
                axisLine={false}
              />
            </>
          ) : (
            <>
              <XAxis dataKey="label" tick={axisTick} tickLine={false} interval={0} />
              <YAxis allowDecimals={false} width={40} tick={axisTick} axisLine={false} />
            </>
          )}
          <Bar
            dataKey="base"
            {...bar}
            shape={(shape: BarShapeProps) => {
              const figure = figures[shape.index];
              return (
                <Rectangle
                  {...shape}
                  fill={figure?.color}
                  className={figure?.to ? 'chart-link' : undefined}
                />
              );
            }}
          >
            {flagged ? null : label}
          </Bar>
          {flagged ? (
            <Bar
              dataKey="flagged"
              {...bar}
              // A custom shape keeps the empty rectangles, so each row's total is still labelled.
              shape={(shape: BarShapeProps) => (
                <Rectangle {...shape} fill={chartColors.danger} className="chart-link" />
              )}
            >
              {label}
            </Bar>
          ) : null}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
