package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// textParams are the parameters of sendMessage and editMessageText (with
// MessageID) as the Bot API takes them in JSON.
type textParams struct {
	ChatID             int64                      `json:"chat_id"`
	MessageID          int                        `json:"message_id,omitempty"`
	Text               string                     `json:"text"`
	ParseMode          models.ParseMode           `json:"parse_mode,omitempty"`
	LinkPreviewOptions *models.LinkPreviewOptions `json:"link_preview_options,omitempty"`
	ReplyMarkup        models.ReplyMarkup         `json:"reply_markup,omitempty"`
}

// apiAnswer is what the Bot API answers, without the result, which the
// bot does not read for the methods it posts itself.
type apiAnswer struct {
	OK          bool   `json:"ok"`
	ErrorCode   int    `json:"error_code"`
	Description string `json:"description"`
	Parameters  struct {
		RetryAfter      int `json:"retry_after"`
		MigrateToChatID int `json:"migrate_to_chat_id"`
	} `json:"parameters"`
}

// post calls the Bot API method with params as a JSON body and discards
// the result. The two methods of almost every turn, sendMessage and
// editMessageText, go this way rather than through go-telegram/bot, whose
// requests build a multipart form by reflection in a goroutine that
// writes it through a pipe: that was 16 % of the CPU of `lotse serve` at
// 2,000 turns/s (lotse-load -serve-cpuprofile, 2026-12-07). It uses the
// same HTTP client, and its errors are the library's (bot.ErrorBadRequest,
// *bot.TooManyRequestsError and the others), so that call treats both
// paths alike.
func (b *Bot) post(ctx context.Context, method string, params any) error {
	body, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	req, err := http.NewRequestWithContext(resultUnused(ctx), http.MethodPost, b.apiBase+method, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return fmt.Errorf("error do request for method %s, %w", method, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("error read response body for method %s, %w", method, err)
	}
	var a apiAnswer
	if err := json.Unmarshal(answer, &a); err != nil {
		return fmt.Errorf("error decode response body for method %s, %w", method, err)
	}
	return a.err(method)
}

// err is the answer's error as go-telegram/bot reports it, or nil.
func (a *apiAnswer) err(method string) error {
	if a.OK {
		return nil
	}
	switch a.ErrorCode {
	case http.StatusForbidden:
		return fmt.Errorf("%w, %s", bot.ErrorForbidden, a.Description)
	case http.StatusBadRequest:
		if a.Parameters.MigrateToChatID != 0 {
			return &bot.MigrateError{
				Message:         fmt.Sprintf("%s: %s", bot.ErrorBadRequest, a.Description),
				MigrateToChatID: a.Parameters.MigrateToChatID,
			}
		}
		return fmt.Errorf("%w, %s", bot.ErrorBadRequest, a.Description)
	case http.StatusUnauthorized:
		return fmt.Errorf("%w, %s", bot.ErrorUnauthorized, a.Description)
	case http.StatusNotFound:
		return fmt.Errorf("%w, %s", bot.ErrorNotFound, a.Description)
	case http.StatusConflict:
		return fmt.Errorf("%w, %s", bot.ErrorConflict, a.Description)
	case http.StatusTooManyRequests:
		return &bot.TooManyRequestsError{
			Message:    fmt.Sprintf("%s, %s", bot.ErrorTooManyRequests, a.Description),
			RetryAfter: a.Parameters.RetryAfter,
		}
	default:
		return fmt.Errorf("error response from telegram for method %s, %d %s", method, a.ErrorCode, a.Description)
	}
}
