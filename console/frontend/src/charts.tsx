import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

interface LineSeries {
  label: string;
  values: number[];
  color: string;
}

/**
 * A small uPlot chart. Charts are pictures to a screen reader, so each has a label that says what
 * it shows, and the numbers it draws are also in text next to it.
 */
export function Chart(props: {
  label: string;
  series: LineSeries[];
  stepSeconds: number;
  width: number;
  height: number;
  spark?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const length = props.series[0]?.values.length ?? 0;
  const now = Math.floor(Date.now() / 1000);
  const xs = Array.from({ length }, (_, i) => now - (length - 1 - i) * props.stepSeconds);
  const data = [xs, ...props.series.map((s) => s.values)] as uPlot.AlignedData;
  const shape = props.series.map((s) => s.label).join("|") + (props.spark ? "s" : "");

  useEffect(() => {
    if (!box.current) return;
    const options: uPlot.Options = {
      width: props.width,
      height: props.height,
      legend: { show: !props.spark },
      cursor: { show: !props.spark },
      axes: props.spark ? [{ show: false }, { show: false }] : [{}, { size: 40 }],
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      series: [
        {},
        ...props.series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, fill: props.spark ? s.color + "22" : undefined })),
      ],
    };
    plot.current = new uPlot(options, data, box.current);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape, props.width, props.height]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  return <div class="chart" role="img" aria-label={props.label} ref={box} />;
}
