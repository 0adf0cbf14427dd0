package io.seamline.platform.idempotency;

import io.seamline.platform.JdbcTransactionManager;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Records the idempotency key of a command that carries an {@link IdempotencyClaim}, after its handler has
 * succeeded and inside its transaction: the key and the command's events commit together or not at all. A refused
 * command (its handler threw) records nothing, so a retry is decided afresh.
 */
final class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final IdempotencyKeys keys;
    private final JdbcTransactionManager transactions;

    public IdempotencyInterceptor(IdempotencyKeys keys, JdbcTransactionManager transactions) {
        this.keys = keys;
        this.transactions = transactions;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        CommandMessage<?> command = unitOfWork.getMessage();
        if (command.getMetaData().get(IdempotencyClaim.METADATA_KEY) instanceof IdempotencyClaim claim) {
            // The events are staged, not yet appended: they are written in this same transaction when the unit of
            // work commits. A racing retry that recorded the key first makes this throw, and the unit rolls back.
            keys.record(transactions.transactionConnection(), claim,
                    command.getPayloadType().getSimpleName(), claim.answer(result));
        }
        return result;
    }
}
