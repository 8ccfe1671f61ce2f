import { Form } from "@remix-run/react";

export interface GroupOption {
  id: string;
  name: string;
  members: number;
}

/** The group + as-of filter every aggregate view offers: a GET form, so the URL is the permalink and it works without JavaScript. */
export function GroupFilter({ groups, group, asOf }: { groups: GroupOption[]; group: string | null; asOf: string | null }) {
  return (
    <Form method="get" className="filters">
      <label>
        Group{" "}
        <select name="group" defaultValue={group ?? ""}>
          <option value="">All jurisdictions with answers</option>
          {groups.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name} ({g.members})
            </option>
          ))}
        </select>
      </label>{" "}
      <label>
        As of <input type="date" name="as_of" defaultValue={asOf ?? ""} />
      </label>{" "}
      <button type="submit">Show</button>
    </Form>
  );
}
