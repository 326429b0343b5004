/** What the Field wrapper hands its control: the id, the description ids and the verdict. */
export interface FieldControl {
  id: string;
  describedby: string | undefined;
  invalid: boolean;
}

/** Props of every answer widget: the question, its answer, and how to change it. */
export interface WidgetProps<Q, A> {
  q: Q;
  value: A | undefined;
  onchange: (answer: A | undefined) => void;
  control: FieldControl;
}
