import { Type } from '@sinclair/typebox';
import { ErrorBody, IdParams } from '../common';
import { ConversationMessage, InteractionSummary } from '../inbox';
import {
  AuditPage,
  AuditQuery,
  CampaignMonitor,
  CampaignMonitorDetail,
  RecordingPage,
  RecordingQuery,
  ReleaseBody,
  SupervisorAssignBody,
  WhisperBody,
} from '../supervision';
import { defineRoute, Raw } from './define';

const staff = ['administrator', 'supervisor'] as const;

/** The recordings search without its paging: the CSV export has every row. */
export const RecordingExportQuery = Type.Omit(RecordingQuery, ['page', 'pageSize']);
export const TranscriptQuery = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('txt'), Type.Literal('json')])),
});

/** Monitoring, recordings, whisper and take-over, and the audit log. */
export const supervisionRoutes = {
  monitoring: defineRoute({
    method: 'GET',
    path: '/api/monitoring',
    responses: { 200: Type.Array(CampaignMonitor) },
    access: staff,
    tags: ['supervision'],
  }),
  campaignMonitor: defineRoute({
    method: 'GET',
    path: '/api/monitoring/:id',
    params: IdParams,
    responses: { 200: CampaignMonitorDetail },
    access: staff,
    tags: ['supervision'],
  }),
  recordings: defineRoute({
    method: 'GET',
    path: '/api/recordings',
    query: RecordingQuery,
    responses: { 200: RecordingPage },
    access: staff,
    tags: ['supervision'],
  }),
  recordingsCsv: defineRoute({
    method: 'GET',
    path: '/api/recordings.csv',
    query: RecordingExportQuery,
    responses: { 200: Raw('text/csv', 'Every matching recording, one row each') },
    access: staff,
    tags: ['supervision'],
  }),
  transcript: defineRoute({
    method: 'GET',
    path: '/api/recordings/:id/transcript',
    params: IdParams,
    query: TranscriptQuery,
    responses: { 200: Raw('text/plain', 'The transcript as a download: text, or JSON with format=json') },
    access: staff,
    tags: ['supervision'],
  }),
  whisper: defineRoute({
    method: 'POST',
    path: '/api/interactions/:id/whisper',
    params: IdParams,
    body: WhisperBody,
    responses: { 201: ConversationMessage },
    access: staff,
    summary: 'A note only the agent sees',
    tags: ['supervision'],
  }),
  takeover: defineRoute({
    method: 'POST',
    path: '/api/interactions/:id/takeover',
    params: IdParams,
    responses: { 200: InteractionSummary },
    access: staff,
    tags: ['supervision'],
  }),
  release: defineRoute({
    method: 'POST',
    path: '/api/interactions/:id/release',
    params: IdParams,
    body: ReleaseBody,
    responses: { 200: InteractionSummary, 409: ErrorBody },
    access: staff,
    summary: 'Hand a taken-over conversation back: to an agent, or to the queue at its place',
    tags: ['supervision'],
  }),
  assign: defineRoute({
    method: 'POST',
    path: '/api/interactions/:id/assign',
    params: IdParams,
    body: SupervisorAssignBody,
    responses: { 200: InteractionSummary, 409: ErrorBody },
    access: staff,
    summary: "Give a waiting interaction to a chosen member (within the agent's cap)",
    tags: ['supervision'],
  }),
  move: defineRoute({
    method: 'POST',
    path: '/api/interactions/:id/move',
    params: IdParams,
    body: SupervisorAssignBody,
    responses: { 200: InteractionSummary, 409: ErrorBody },
    access: staff,
    summary: "Move an active interaction to another member (within the agent's cap)",
    tags: ['supervision'],
  }),
  audit: defineRoute({
    method: 'GET',
    path: '/api/audit',
    query: AuditQuery,
    responses: { 200: AuditPage },
    access: ['administrator'],
    tags: ['supervision'],
  }),
};
