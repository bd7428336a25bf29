import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArenaLine } from "@/components/arena/arena-line";
import { OfferTable } from "@/components/models/offer-table";
import { ParameterTable } from "@/components/models/parameter-table";
import { providerNames } from "@/components/playground/catalog-data";
import { searchFromBody } from "@/components/playground/form-state";
import { requestSamples } from "@/components/playground/request-code";
import { requestOrigin } from "@/components/shell/request-origin";
import { StatusBadge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { CodeTabs } from "@/components/ui/code-tabs";
import { CopyButton } from "@/components/ui/copy-button";
import { requireViewer } from "@/lib/auth/session";
import { findModel } from "@/lib/catalog";
import { modelParameterSchema } from "@/lib/params/model-schema";
import { modelTiers, sizeChoice, tierRatios } from "@/lib/params/sizes";
import { serverContext } from "@/lib/server/context";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const model = findModel((await params).id);
  return { title: model?.name ?? "Unknown model" };
}

export default async function ModelPage({ params }: Params) {
  await requireViewer();
  const model = findModel((await params).id);
  if (!model) notFound();
  const { registry } = serverContext();
  const names = providerNames();
  const example = {
    model: model.id,
    prompt: "A lighthouse on a cliff at dusk, the words “Darkroom” painted on its wall",
    aspect_ratio: model.defaultAspectRatio,
    resolution: model.defaultTier,
  };
  return (
    <main className="flex flex-col gap-10">
      <header className="flex flex-col gap-2">
        <Link href="/models" className="text-sm text-zinc-500 hover:underline dark:text-zinc-400">
          ← All models
        </Link>
        <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold tracking-tight">
          {model.name} <StatusBadge status={model.lifecycle.state} />
        </h1>
        <p className="flex items-center gap-2">
          <code className="font-mono text-sm">{model.id}</code>
          <CopyButton text={model.id} label="Copy model id" />
        </p>
        <p className="max-w-3xl text-sm text-zinc-700 dark:text-zinc-300">
          {model.description} By {model.creator}; at most {model.promptMaxChars.toLocaleString("en-US")} prompt characters.
        </p>
        <ArenaLine modelId={model.id} />
        {model.lifecycle.note ? (
          <p className="max-w-3xl rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            {model.lifecycle.note}
            {model.lifecycle.replacement ? ` Consider ${model.lifecycle.replacement}.` : ""}
          </p>
        ) : null}
        <Link href={`/?${searchFromBody({ model: model.id })}`} className={`${buttonClass("primary")} w-fit`}>
          Try in the playground
        </Link>
      </header>

      <section aria-labelledby="parameters-heading" className="flex flex-col gap-3">
        <h2 id="parameters-heading" className="text-xl font-semibold">
          Parameters
        </h2>
        <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          Badges say what each provider does with a parameter: <strong>passthrough</strong> (sent as is), <strong>renamed</strong>,{" "}
          <strong>converted</strong> (values mapped), <strong>emulated</strong> (the gateway does it), <strong>unsupported</strong>{" "}
          (dropped, with a warning in the response).
        </p>
        <ParameterTable parameters={modelParameterSchema(model, model.id)} names={names} />
      </section>

      <section aria-labelledby="offers-heading" className="flex flex-col gap-3">
        <h2 id="offers-heading" className="text-xl font-semibold">
          Providers and prices
        </h2>
        <OfferTable model={model} names={names} configured={new Set(registry.providers.keys())} />
      </section>

      <section aria-labelledby="sizes-heading" className="flex flex-col gap-3">
        <h2 id="sizes-heading" className="text-xl font-semibold">
          Sizes
        </h2>
        <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Sizes</caption>
            <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Resolution</th>
                <th scope="col" className="px-3 py-2 font-medium">Aspect ratio</th>
                <th scope="col" className="px-3 py-2 font-medium">size</th>
                <th scope="col" className="px-3 py-2 font-medium">Pixels</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {modelTiers(model).flatMap((tier) =>
                tierRatios(model, tier).map((ratio) => {
                  const choice = sizeChoice(model, tier, ratio);
                  return (
                    <tr key={`${tier}-${ratio}`}>
                      <td className="px-3 py-1.5">{tier}</td>
                      <td className="px-3 py-1.5">{ratio}</td>
                      <td className="px-3 py-1.5 font-mono text-xs">{choice.nominal}</td>
                      <td className="px-3 py-1.5 tabular-nums">
                        {choice.width} × {choice.height}
                      </td>
                    </tr>
                  );
                }),
              )}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="code-heading" className="flex flex-col gap-3">
        <h2 id="code-heading" className="text-xl font-semibold">
          Code examples
        </h2>
        <CodeTabs samples={requestSamples(await requestOrigin(), example)} label={`Code examples for ${model.name}`} />
      </section>
    </main>
  );
}
