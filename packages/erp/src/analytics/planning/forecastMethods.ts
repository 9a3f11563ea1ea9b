import ARIMA from "arima";

/**
 * The forecasting methods, as pure functions of a history (units sold per period, oldest first).
 *
 * Why a library: the fitting of a seasonal model (maximum likelihood over the moving-average
 * terms) is where hand-rolled maths goes wrong, so it comes from `arima`, a maintained port of the
 * C library ctsa (ARIMA, SARIMA, AutoARIMA). The models are the classic ARIMA forms of exponential
 * smoothing, with fixed orders so that the method stays stated and reproducible (AutoARIMA picks
 * different models for similar data, which a planner cannot follow):
 *
 * - `seasonal`: SARIMA(0,1,1)(0,1,1)s, the "airline" model, with s = 12 months or 52 weeks. It is
 *   the ARIMA form of additive Holt-Winters smoothing (level, trend through the differencing,
 *   season): a history that is exactly trend + season is continued exactly. Needs 3s + 1 periods.
 * - `exponential_smoothing`: ARIMA(0,1,1), which is simple exponential smoothing with the smoothing
 *   weight fitted to the history (α = 1 + θ): a flat forecast at the smoothed level. Needs 11 periods.
 * - `moving_average`: the mean of the last (up to) 3 periods, flat. Needs 1 period.
 * - `no_history`: nothing sold yet, so 0.
 *
 * A method asked for falls back along that list when the history is too short (or the fit gives no
 * finite number), and the method actually used is what the forecast records. Negative predictions
 * are cut to 0 (demand is never negative); quantities are rounded to 4 decimals.
 */
export type ForecastMethod = "seasonal" | "exponential_smoothing" | "moving_average" | "no_history";
export type RequestedMethod = "auto" | "seasonal" | "exponential_smoothing" | "moving_average";
export type Period = "month" | "week";

export const seasonLength: Record<Period, number> = { month: 12, week: 52 };
/** Periods of history each fitted method needs (the library refuses shorter series). */
export const minimumHistory = (method: ForecastMethod, period: Period): number =>
  method === "seasonal" ? 3 * seasonLength[period] + 1 : method === "exponential_smoothing" ? 11 : method === "moving_average" ? 1 : 0;
export const movingAverageWindow = 3;
/** z of a two-sided 95 % prediction interval. */
const z95 = 1.959964;

export type ForecastPoint = { quantity: string; lower: string | null; upper: string | null };
export type ForecastOutcome = { method: ForecastMethod; points: ForecastPoint[] };

const order: ForecastMethod[] = ["seasonal", "exponential_smoothing", "moving_average", "no_history"];

/** The methods to try, best first: from the one asked for ("auto": the best one) down the list. */
function candidates(requested: RequestedMethod): ForecastMethod[] {
  return requested === "auto" ? order : order.slice(order.indexOf(requested));
}

/** Rounds to 4 decimals, never below 0, as the text numeric(18,4) stores. */
export function units(value: number): string {
  const rounded = Math.round(Math.max(0, value) * 10_000) / 10_000;
  return rounded.toFixed(4);
}

export function forecastSeries(history: readonly number[], horizon: number, period: Period, requested: RequestedMethod): ForecastOutcome {
  // A history that starts with periods of no sales is trimmed to its first sale (the product was not sold yet).
  const first = history.findIndex((value) => value !== 0);
  const series = first < 0 ? [] : history.slice(first);
  for (const method of candidates(requested)) {
    if (series.length < minimumHistory(method, period)) continue;
    const points = predict(method, series, horizon, period);
    if (points) return { method, points };
  }
  return { method: "no_history", points: flat(0, horizon) };
}

function predict(method: ForecastMethod, series: number[], horizon: number, period: Period): ForecastPoint[] | null {
  switch (method) {
    case "seasonal":
      return fitted(series, horizon, { p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1, s: seasonLength[period] });
    case "exponential_smoothing":
      return fitted(series, horizon, { p: 0, d: 1, q: 1 });
    case "moving_average": {
      const window = series.slice(-movingAverageWindow);
      return flat(window.reduce((sum, value) => sum + value, 0) / window.length, horizon);
    }
    case "no_history":
      return flat(0, horizon);
  }
}

function flat(value: number, horizon: number): ForecastPoint[] {
  return Array.from({ length: horizon }, () => ({ quantity: units(value), lower: null, upper: null }));
}

type Orders = { p: number; d: number; q: number; P?: number; D?: number; Q?: number; s?: number };

/** Fits the model and predicts; null when the fit gives no finite number (the caller falls back). */
function fitted(series: number[], horizon: number, orders: Orders): ForecastPoint[] | null {
  const model = new ARIMA({ ...orders, verbose: false });
  try {
    model.train(series);
    const [predictions, variances] = model.predict(horizon);
    if (predictions.length !== horizon || !predictions.every(Number.isFinite) || !variances.every(Number.isFinite)) return null;
    return predictions.map((prediction, step) => {
      const spread = z95 * Math.sqrt(Math.max(0, variances[step] ?? 0));
      const quantity = units(prediction);
      const upper = units(prediction + spread);
      return {
        quantity,
        lower: units(Math.min(prediction - spread, Number(quantity))),
        upper: Number(upper) < Number(quantity) ? quantity : upper,
      };
    });
  } catch {
    return null;
  } finally {
    model.destroy();
  }
}
