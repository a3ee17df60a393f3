import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayModule } from '../gateway/gateway.module';
import { ProviderBootstrapService } from './provider-bootstrap.service';
import { Provider } from './provider.entity';
import { ProvidersController } from './providers.controller';
import { ProvidersService } from './providers.service';

@Module({
  imports: [TypeOrmModule.forFeature([Provider]), GatewayModule],
  controllers: [ProvidersController],
  providers: [ProvidersService, ProviderBootstrapService],
  exports: [ProvidersService],
})
export class ProvidersModule {}
