// @ts-check

/**
 * Remediation chat: conversations per user and their messages.
 *
 * A conversation belongs to one user entity ref (`owner`); every read filters
 * on it, so the listing index leads with the owner and orders by
 * `updated_at` (newest first). Messages are numbered per conversation
 * (`seq`), which orders them without relying on timestamps and makes a turn
 * (user message + assistant answer) two consecutive numbers written in one
 * transaction. Deleting a conversation deletes its messages.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('chat_conversations', table => {
    table.comment('Remediation chat conversations, one owner each');
    table.string('id', 36).primary().notNullable();
    table.string('owner', 255).notNullable();
    table.string('title', 255).notNullable();
    table.string('finding_id', 512).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(
      ['owner', 'updated_at', 'id'],
      'chat_conversations_owner_updated_idx',
    );
  });

  await knex.schema.createTable('chat_messages', table => {
    table.comment('Messages of a chat conversation, in order (seq)');
    table.string('id', 36).primary().notNullable();
    table
      .string('conversation_id', 36)
      .notNullable()
      .references('id')
      .inTable('chat_conversations')
      .onDelete('CASCADE');
    table.integer('seq').notNullable();
    table.string('role', 16).notNullable();
    table.text('text').notNullable();
    // The assistant's streamed events as JSON (`[]` for user messages).
    table.text('events').notNullable();
    table.string('status', 16).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.unique(['conversation_id', 'seq'], {
      indexName: 'chat_messages_conversation_seq_key',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('chat_messages');
  await knex.schema.dropTable('chat_conversations');
};
