import { StatusPage } from "@/components/shell/status-page";

// notFound() in a studio page (an unknown generation, model or comparison) renders inside the studio layout.
export default function StudioNotFound() {
  return (
    <StatusPage code="404" title="Nothing here">
      It may have been deleted, or the link is incomplete.
    </StatusPage>
  );
}
