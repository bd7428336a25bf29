export { createOpenAICompatibleProvider } from "./openai-compatible-provider";
export { OpenAICompatibleImageModel, type OpenAICompatibleSettings } from "./openai-compatible-image-model";
export { loadProvidersFile, PROVIDERS_FILE_PRICE_SOURCE, type FileOffer, type ProvidersFile, type ProvidersFileResult } from "./providers-file";
