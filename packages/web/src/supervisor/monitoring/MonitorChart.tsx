import '@mantine/charts/styles.css';
import { CompositeChart } from '@mantine/charts';
import { Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ChartPoint } from '@switchboard/protocol';
import { currentLanguage } from '../../i18n';
import { formatTime } from '../format';

/** The last hours: arrivals, answered and abandoned as bars, SL% as a line on its own 0–100 axis. */
export function MonitorChart({ points }: { points: readonly ChartPoint[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const data = points.map((p) => ({
    time: formatTime(p.at, language),
    arrivals: p.arrivals,
    answered: p.answered,
    abandoned: p.abandoned,
    sl: p.serviceLevelPercent,
  }));
  return (
    <Paper withBorder p="sm" data-testid="chart" data-points={points.length}>
      <Title order={4} mb="xs">
        {t('supervisor.chart.title')}
      </Title>
      {data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('supervisor.chart.empty')}
        </Text>
      ) : (
        <CompositeChart
          h={260}
          data={data}
          dataKey="time"
          withLegend
          withRightYAxis
          yAxisProps={{ allowDecimals: false }}
          rightYAxisProps={{ domain: [0, 100] }}
          rightYAxisLabel={t('supervisor.chart.slAxis')}
          maxBarWidth={18}
          connectNulls={false}
          series={[
            { name: 'arrivals', label: t('supervisor.chart.arrivals'), color: 'blue.5', type: 'bar' },
            { name: 'answered', label: t('supervisor.chart.answered'), color: 'teal.6', type: 'bar' },
            { name: 'abandoned', label: t('supervisor.chart.abandoned'), color: 'red.6', type: 'bar' },
            { name: 'sl', label: t('supervisor.chart.sl'), color: 'orange.6', type: 'line', yAxisId: 'right' },
          ]}
        />
      )}
    </Paper>
  );
}
