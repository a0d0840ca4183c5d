// A grammY bot in webhook mode with sessions in Redis, measured beside
// `lotse serve` by lotse-load (issue 17); see README.md in this folder.
//
// Per update: the session middleware loads the chat's session from
// Redis (GET), the handler answers, and the middleware saves the session
// back (SET … EX). A text is answered with one message carrying an inline
// keyboard of three buttons; a tap is answered with editMessageText (a
// call to the Bot API) and then answerCallbackQuery in the webhook answer.
//
// Environment (the names lotse serve uses):
//
//	TELEGRAM_TOKEN    the bot's token (required)
//	TELEGRAM_API_URL  the Bot API base URL (default https://api.telegram.org)
//	WEBHOOK_URL       the URL given to setWebhook (required)
//	WEBHOOK_LISTEN    host:port the webhook's HTTP server listens on (default 127.0.0.1:8081)
//	WEBHOOK_SECRET    the secret_token, checked on every update (required)
//	REDIS_URL         default redis://127.0.0.1:6379/0
//	SESSION_TTL       seconds a session is kept in Redis (default 600)

import http from "node:http";
import { Bot, InlineKeyboard, session, webhookCallback } from "grammy";
import { RedisAdapter } from "@grammyjs/storage-redis";
import { Redis } from "ioredis";

const env = (name, fallback) => {
  const v = process.env[name] || fallback;
  if (v === undefined) {
    console.error(`bot.js: ${name} is not set`);
    process.exit(2);
  }
  return v;
};
const token = env("TELEGRAM_TOKEN");
const apiRoot = env("TELEGRAM_API_URL", "https://api.telegram.org");
const webhookURL = env("WEBHOOK_URL");
const [host, port] = env("WEBHOOK_LISTEN", "127.0.0.1:8081").split(/:(?=[^:]*$)/);
const secret = env("WEBHOOK_SECRET");
const redis = new Redis(env("REDIS_URL", "redis://127.0.0.1:6379/0"));
const ttl = Number(env("SESSION_TTL", "600"));

const bot = new Bot(token, {
  client: {
    apiRoot,
    // Only the tap's answer goes into the webhook answer, as Lotse does:
    // grammY ends the HTTP answer with the first such call, so it comes last.
    canUseWebhookReply: (method) => method === "answerCallbackQuery",
  },
});

bot.use(session({
  initial: () => ({ turns: 0, last: "" }),
  getSessionKey: (ctx) => (ctx.chat ? `grammy:${ctx.chat.id}` : undefined),
  storage: new RedisAdapter({ instance: redis, ttl }),
}));

const menu = () =>
  new InlineKeyboard()
    .text("Was brauche ich?", "need")
    .text("Wo?", "where")
    .row()
    .text("Zurück", "back");

bot.on("message:text", async (ctx) => {
  ctx.session.turns++;
  ctx.session.last = ctx.message.text;
  await ctx.reply(`Sie schrieben: ${ctx.message.text}\n(Schritt ${ctx.session.turns})`, {
    reply_markup: menu(),
  });
});

bot.on("callback_query:data", async (ctx) => {
  ctx.session.turns++;
  // the step number changes the text, so the edit is never "not modified"
  await ctx.editMessageText(`${ctx.callbackQuery.data} zu: ${ctx.session.last}\n(Schritt ${ctx.session.turns})`, {
    reply_markup: menu(),
  });
  await ctx.answerCallbackQuery();
});

bot.catch((err) => console.error("bot.js:", err.error ?? err));

// Wait for the Bot API (lotse-load -api-listen may start after us), then
// serve the webhook and register it.
for (;;) {
  try {
    await bot.init();
    break;
  } catch {
    await new Promise((r) => setTimeout(r, 100));
  }
}
const handle = webhookCallback(bot, "http", { secretToken: secret });
const server = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== new URL(webhookURL).pathname) {
    res.writeHead(404).end();
    return;
  }
  handle(req, res);
});
server.keepAliveTimeout = 120_000;
await new Promise((r) => server.listen(Number(port), host, r));
await bot.api.setWebhook(webhookURL, { secret_token: secret, max_connections: 64 });
console.error(`bot.js: pid ${process.pid}, webhook ${webhookURL}, listening on ${host}:${port}`);

const shutdown = () => {
  server.close();
  redis.quit().finally(() => process.exit(0));
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
