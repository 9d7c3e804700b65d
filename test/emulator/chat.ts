/**
 * A stand-in chat channel (an incoming-webhook URL, as Slack, Teams or Google Chat give one):
 * example workflows post messages to `POST /__emulator/chat/:channel`; tests read them back with
 * `emulator.chat(channel)`, anyone else with `GET /__emulator/chat/:channel`. Not part of Zoho;
 * nothing here is counted as API use.
 */
import type { EmulatorState } from './state';

export interface ChatMessage {
	channel: string;
	body: unknown;
	at: string;
}

const channels = new WeakMap<EmulatorState, ChatMessage[]>();

function messagesOf(state: EmulatorState): ChatMessage[] {
	let messages = channels.get(state);
	if (!messages) {
		messages = [];
		channels.set(state, messages);
	}
	return messages;
}

export function postChatMessage(state: EmulatorState, channel: string, body: unknown): ChatMessage {
	const message = { channel, body, at: new Date(state.now()).toISOString() };
	messagesOf(state).push(message);
	return message;
}

export function chatMessages(state: EmulatorState, channel: string): ChatMessage[] {
	return messagesOf(state).filter((message) => message.channel === channel);
}
