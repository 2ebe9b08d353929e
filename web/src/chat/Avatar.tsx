import { hue, initials } from "./format.js";

/** A round badge with a person's initials, in a colour that is theirs. */
export function Avatar({ name, size = 32 }: { name: string; size?: number }) {
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={
        {
          "--hue": hue(name),
          width: size,
          height: size,
          fontSize: size * 0.4,
        } as React.CSSProperties
      }
    >
      {initials(name)}
    </span>
  );
}
