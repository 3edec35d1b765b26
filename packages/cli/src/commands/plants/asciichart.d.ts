/** The part of asciichart (CommonJS, without its own types) that `voke plants telemetry --chart` uses. */
declare module "asciichart" {
  interface PlotConfig {
    height?: number;
    format?: (value: number, index: number) => string;
    colors?: readonly string[];
  }
  const asciichart: {
    plot(series: readonly number[] | readonly (readonly number[])[], config?: PlotConfig): string;
  };
  export default asciichart;
}
