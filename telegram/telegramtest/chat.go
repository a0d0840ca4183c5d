package telegramtest

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
)

// Chat builds the updates a user sends in one chat.
type Chat struct {
	s    *Server
	chat models.Chat
	user models.User
}

// Private is the private chat of user id with the bot; lang is the user's
// language_code ("de", "en-US", or "").
func (s *Server) Private(id int64, lang string) *Chat {
	return &Chat{
		s:    s,
		chat: models.Chat{ID: id, Type: models.ChatTypePrivate, FirstName: "User" + strconv.FormatInt(id, 10)},
		user: models.User{ID: id, FirstName: "User" + strconv.FormatInt(id, 10), LanguageCode: lang},
	}
}

// Group is the group chat id (negative) in which user writes.
func (s *Server) Group(id, user int64, lang string) *Chat {
	return &Chat{
		s:    s,
		chat: models.Chat{ID: id, Type: models.ChatTypeSupergroup, Title: "Group"},
		user: models.User{ID: user, FirstName: "User" + strconv.FormatInt(user, 10), LanguageCode: lang},
	}
}

func (c *Chat) message() *models.Message {
	c.s.mu.Lock()
	log := c.s.chat(c.chat.ID)
	log.nextMessage++
	id := log.nextMessage
	c.s.mu.Unlock()
	user := c.user
	return &models.Message{ID: id, From: &user, Date: int(time.Now().Unix()), Chat: c.chat}
}

// Text is a text message; a leading /command gets its bot_command entity.
func (c *Chat) Text(text string) models.Update {
	m := c.message()
	m.Text = text
	if strings.HasPrefix(text, "/") {
		n := len(text)
		if i := strings.IndexAny(text, " \n"); i >= 0 {
			n = i
		}
		m.Entities = []models.MessageEntity{{Type: models.MessageEntityTypeBotCommand, Offset: 0, Length: TextLength(text[:n])}}
	}
	return models.Update{Message: m}
}

// Reply is a text message that replies to the bot's message messageID.
func (c *Chat) Reply(messageID int, text string) models.Update {
	u := c.Text(text)
	u.Message.ReplyToMessage = c.botMessage(messageID)
	return u
}

// botMessage stands for the bot's message messageID in the chat when the
// Server does not keep it.
func (c *Chat) botMessage(messageID int) *models.Message {
	return &models.Message{ID: messageID, Chat: c.chat, Date: int(time.Now().Unix()), From: new(botUser())}
}

// Location is a shared location.
func (c *Chat) Location(lat, lon float64) models.Update {
	m := c.message()
	m.Location = &models.Location{Latitude: lat, Longitude: lon}
	return models.Update{Message: m}
}

// Sticker is a message without text or location.
func (c *Chat) Sticker() models.Update {
	m := c.message()
	m.Sticker = &models.Sticker{FileID: "sticker", Type: "regular", Width: 512, Height: 512}
	return models.Update{Message: m}
}

// Callback is a tap on a button with data under the bot's message
// messageID; the Server then expects an answerCallbackQuery for it.
func (c *Chat) Callback(messageID int, data string) models.Update {
	c.s.mu.Lock()
	c.s.nextQuery++
	id := "cq" + strconv.FormatInt(c.s.nextQuery, 10)
	c.s.callbacks[id] = false
	m := c.s.chat(c.chat.ID).byID[messageID]
	if m == nil {
		m = c.botMessage(messageID)
	}
	msg := *m
	c.s.mu.Unlock()
	user := c.user
	return models.Update{CallbackQuery: &models.CallbackQuery{
		ID:           id,
		From:         user,
		Message:      models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: &msg},
		ChatInstance: "ci" + strconv.FormatInt(c.chat.ID, 10),
		Data:         data,
	}}
}

// Tap is a tap on the button labelled label in the newest of the bot's
// messages that has one.
func (c *Chat) Tap(label string) (models.Update, error) {
	msgs := c.s.Messages(c.chat.ID)
	for i := len(msgs) - 1; i >= 0; i-- {
		kb := msgs[i].ReplyMarkup
		if kb == nil {
			continue
		}
		for _, row := range kb.InlineKeyboard {
			for _, b := range row {
				if b.Text == label && b.CallbackData != "" {
					return c.Callback(msgs[i].ID, b.CallbackData), nil
				}
			}
		}
	}
	return models.Update{}, fmt.Errorf("telegramtest: chat %d: no button %q", c.chat.ID, label)
}

// Buttons returns the labels of the inline buttons of the newest of the
// bot's messages that has any.
func (c *Chat) Buttons() []string {
	msgs := c.s.Messages(c.chat.ID)
	for i := len(msgs) - 1; i >= 0; i-- {
		if kb := msgs[i].ReplyMarkup; kb != nil && len(kb.InlineKeyboard) > 0 {
			var labels []string
			for _, row := range kb.InlineKeyboard {
				for _, b := range row {
					labels = append(labels, b.Text)
				}
			}
			return labels
		}
	}
	return nil
}

// Inline is an inline query of the chat's user; the Server then expects an
// answerInlineQuery for it.
func (c *Chat) Inline(query string) models.Update {
	c.s.mu.Lock()
	c.s.nextQuery++
	id := "iq" + strconv.FormatInt(c.s.nextQuery, 10)
	c.s.inline[id] = false
	c.s.mu.Unlock()
	user := c.user
	return models.Update{InlineQuery: &models.InlineQuery{ID: id, From: &user, Query: query, ChatType: "sender"}}
}
