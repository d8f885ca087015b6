import { TextField } from './fields';

export function GeneralSection({ readOnly }: { readOnly: boolean }) {
  return (
    <fieldset className="charter-fieldset" disabled={readOnly}>
      <legend className="visually-hidden">General</legend>
      <TextField name="title" label="Title" />
      <div className="charter-row">
        <TextField
          name="effectiveDate"
          label="Effective date"
          type="date"
          hint="The day the charter binds the partners."
        />
        <TextField
          name="nextReviewDate"
          label="Next review"
          type="date"
          hint="When the leads review it again; after the effective date."
        />
      </div>
    </fieldset>
  );
}
