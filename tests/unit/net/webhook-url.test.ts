import { expect, it } from "vitest";
import { webhookUrlProblem } from "@/lib/services/webhooks";

it.each([
  "http://example.com/hook", "http://127.1/", "http://[::ffff:127.0.0.1]/", "http://0x7f000001/", "http://localhost./",
  "https://127.1/", "https://[::ffff:127.0.0.1]/", "https://0x7f000001/", "https://localhost./", "https://169.254.169.254/latest",
  "https://[fd00:ec2::254]/", "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:a9fe:a9fe::]/", "https://10.0.0.8/", "https://user:pw@example.com/",
  "ftp://example.com/", "not a url",
])("refuses %s without DARKROOM_WEBHOOK_ALLOW_PRIVATE", (url) => {
  expect(webhookUrlProblem(url, false)).toBeDefined();
});

it("accepts public https, and local http only when private targets are allowed", () => {
  expect(webhookUrlProblem("https://hooks.example.com/darkroom", false)).toBeUndefined();
  expect(webhookUrlProblem("http://127.0.0.1:8080/hook", true)).toBeUndefined();
});
