import type { ReactNode } from "react";
import { isWebUrl } from "../../sources/types";

/**
 * A link to an official text or source, opened without handing it this page (noopener, noreferrer). Only
 * web addresses become links: a `javascript:` or `data:` URL in stored data is shown as text.
 */
export function OfficialLink({ href, title, children }: { href: string | null | undefined; title?: string; children: ReactNode }) {
  if (!isWebUrl(href)) return <span title="The stored address is not a web address, so it is not linked.">{children}</span>;
  return (
    <a href={href} rel="noopener noreferrer" title={title}>
      {children}
    </a>
  );
}
