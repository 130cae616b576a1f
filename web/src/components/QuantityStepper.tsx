/** A number picked with − and + buttons (or typed), from 0 to `max`. */
export function QuantityStepper({ id, label, value, max, onChange, describedBy }: {
  id: string;
  /** What is counted, for the buttons' names: "VIP" gives "One fewer VIP". */
  label: string;
  value: number;
  max: number;
  onChange: (value: number) => void;
  describedBy?: string;
}) {
  const set = (n: number) => onChange(Math.max(0, Math.min(max, Number.isFinite(n) ? Math.trunc(n) : 0)));
  return (
    <div className="stepper">
      <button type="button" className="button button-secondary stepper-button" onClick={() => set(value - 1)}
        disabled={value <= 0} aria-label={`One fewer ${label}`} aria-controls={id}>−</button>
      <input id={id} name={id} type="number" inputMode="numeric" min={0} max={max} value={value}
        aria-label={`Quantity of ${label}`} aria-describedby={describedBy}
        onChange={(e) => set(e.target.value === '' ? 0 : Number(e.target.value))} />
      <button type="button" className="button button-secondary stepper-button" onClick={() => set(value + 1)}
        disabled={value >= max} aria-label={`One more ${label}`} aria-controls={id}>+</button>
    </div>
  );
}
