interface SelectOptionsProps<V extends string> {
  /** The values in the order the select lists them (a zod enum's `options`). */
  values: readonly V[];
  /** How each value reads; without them the value itself shows. */
  labels?: Readonly<Record<V, string>>;
}

/** The options of a select over a fixed set of values. */
export function SelectOptions<V extends string>({ values, labels }: SelectOptionsProps<V>) {
  return values.map((value) => (
    <option key={value} value={value}>
      {labels ? labels[value] : value}
    </option>
  ));
}
