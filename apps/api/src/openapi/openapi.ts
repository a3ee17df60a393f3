import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { FieldErrorDto, ProblemDetailsDto } from '../common/problem/problem-details.dto';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('PromptOps API')
    .setDescription(
      'Manage prompts as versioned data: registry, rendering and serving. Console calls use `Authorization: Bearer <accessToken>` from `POST /api/v1/auth/login`. Errors are `application/problem+json` with a stable `code`.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemDetailsDto, FieldErrorDto],
    // Operation ids are the controller method names, which are unique: they name the client's functions.
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
}
