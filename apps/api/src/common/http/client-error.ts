import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ErrorCode } from '@promptops/shared';
import { DomainError } from '../problem/domain.error';
import { problemOf } from '../problem/problem.filter';

/**
 * Answers what Node's HTTP parser refuses before any route sees it: a request not received in
 * time (REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS), headers too large, malformed HTTP. Written
 * straight to the socket as problem+json, then the connection is closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = problemOf(clientProblem(error));
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        'X-Content-Type-Options: nosniff\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy();
}

function clientProblem(error: Error & { code?: string }): DomainError {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new DomainError(
        408,
        ErrorCode.REQUEST_TIMEOUT,
        'Request Timeout',
        'The request was not received in time; send its headers and body without pausing',
      );
    case 'HPE_HEADER_OVERFLOW':
      return new DomainError(
        431,
        ErrorCode.BAD_REQUEST,
        'Request Header Fields Too Large',
        'The request headers are larger than the server accepts',
      );
    default:
      return new DomainError(400, ErrorCode.BAD_REQUEST, 'Bad Request', 'The request is not valid HTTP');
  }
}
